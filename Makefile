# The two commands of the README's quick start. Both set up what they need first.
.PHONY: run test setup lint bench

setup:
	@bash scripts/setup.sh

# The terminal app on the default database, with demo data on first start.
run: setup
	@.venv/bin/vendorcheck

# The whole test suite (what CI runs, via .ci/run).
test: setup
	@env -u TEXTUAL_THEME -u NO_COLOR .venv/bin/python -m pytest -n 2 -p no:cacheprovider

# ruff, then mypy --strict over the whole package (files and overrides: [tool.mypy] in pyproject).
lint: setup
	.venv/bin/ruff check vendorcheck tests benchmarks
	.venv/bin/ruff format --check vendorcheck tests benchmarks
	.venv/bin/mypy

bench: setup
	.venv/bin/python -m benchmarks $(ONLY)

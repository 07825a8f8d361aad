"""`python -m vendorcheck` runs the same entry point as the console script."""

from vendorcheck.entry import main

main()

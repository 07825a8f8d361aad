"""vendorcheck: vet e-commerce outsourcing vendors before they get the keys to your shop."""

__version__ = "0.1.0"
__all__ = ["__version__"]

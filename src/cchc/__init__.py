"""cchc: a Vietnamese commune's public-administration-reform plan, from the document to the report."""

__version__ = "0.1.0"
__all__ = ["__version__"]

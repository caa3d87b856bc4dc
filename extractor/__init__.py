"""vnplan: structured data from Vietnamese government plan documents."""
__version__ = "0.1.0"

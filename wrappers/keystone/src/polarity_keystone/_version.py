"""The SDK's version."""

# 1.0.0, not 0.4.0: this SDK replaces the published polarity-keystone 0.3.3 (a different code
# base with another error model and base URL), and a version that sorts after 0.3.3 lets
# `pip install -U polarity-keystone` move existing users onto it.
__version__ = "1.0.0"

"""Generated from polarity_keystone/_async/resources/__init__.py by tools.unasync; do not edit."""

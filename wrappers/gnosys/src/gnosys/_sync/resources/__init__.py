"""Generated from gnosys/_async/resources/__init__.py by tools.unasync; do not edit."""

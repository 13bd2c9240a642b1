"""Generated from asg_gateway/_async/resources/__init__.py by tools.unasync; do not edit."""

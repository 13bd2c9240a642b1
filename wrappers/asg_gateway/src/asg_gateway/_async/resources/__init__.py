"""The ASG Gateway API's resource groups, one module each.

The reference documents every method flat on the client (``client.submit_task``), so each group
is a mixin the client class is built from rather than an attribute.
"""

"""The ASG Gateway fake's old import path; it ships with the SDK as ``asg_gateway.testing``."""

from asg_gateway.testing._fake import SPEC_PATH, ASGFakeConfig, ASGGatewayFake, create_app

__all__ = ["SPEC_PATH", "ASGFakeConfig", "ASGGatewayFake", "create_app"]

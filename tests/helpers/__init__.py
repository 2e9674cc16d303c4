"""Helpers shared by the tests: stand-ins at the network edge, small factories."""

"""Reserved for extensions, as in AutoGen 0.2.40 (which ships this package empty)."""

"""A minimal in-memory stand-in for the `azure-cosmos` SDK, used only by test_cosmos_db_cache.py."""

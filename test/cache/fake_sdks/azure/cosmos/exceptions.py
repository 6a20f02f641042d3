"""The one exception CosmosDBCache distinguishes."""


class CosmosResourceNotFoundError(Exception):
    def __init__(self, message: str = "", **_: object):
        super().__init__(message)

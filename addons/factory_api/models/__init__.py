from . import factory_api_idempotency

from . import test_api_read
from . import test_api_write
from . import test_openapi
from . import test_idempotency_model

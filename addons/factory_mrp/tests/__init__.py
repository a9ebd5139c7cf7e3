from . import test_release
from . import test_material_request
from . import test_material_return

from . import factory_mrp_release
from . import factory_material_return
from . import factory_mrp_release_reason

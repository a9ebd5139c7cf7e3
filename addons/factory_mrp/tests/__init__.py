from . import test_release
from . import test_material_request
from . import test_material_return
from . import test_order_cost
from . import test_wip_board

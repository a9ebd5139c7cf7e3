from . import test_release
from . import test_material_request
from . import test_material_return
from . import test_production_report
from . import test_production_report_tour

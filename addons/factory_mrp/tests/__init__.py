from . import test_release
from . import test_material_request
from . import test_material_return
from . import test_production_report
from . import test_production_report_tour
from . import test_scan_issue
from . import test_scan_issue_tour
from . import test_acceptance

from . import factory_report_mixin
from . import factory_report_dead_stock
from . import factory_report_aging
from . import factory_report_turnover
from . import factory_report_supplier
from . import factory_report_abc
from . import factory_report_dashboard
from . import factory_report_movement

from . import res_company
from . import res_config_settings
from . import res_users
from . import factory_report_export_job
from . import factory_report_demo

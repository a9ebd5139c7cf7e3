from . import factory_report_export

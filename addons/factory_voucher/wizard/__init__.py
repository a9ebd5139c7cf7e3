from . import factory_voucher_export_wizard

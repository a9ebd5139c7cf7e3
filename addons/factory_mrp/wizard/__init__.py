from . import factory_mrp_release

from . import factory_mrp_shortage

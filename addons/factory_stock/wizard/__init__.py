from . import factory_qc_inspection_record

from odoo import models
from odoo.exceptions import AccessError

COST_GROUP = "factory_stock.group_factory_cost"


def _check_cost_right(env, report_name):
    if not env.su and not env.user.has_group(COST_GROUP):
        raise AccessError(
            env._(
                "The %s shows costs: it is available to users who see costs only.",
                report_name,
            )
        )


class ReportMoOverview(models.AbstractModel):
    """The MO Overview computes material, operation and real costs (valuation
    layers read as superuser by mrp_account): refused to users without the
    cost right, on screen (get_report_values) and in PDF."""

    _inherit = "report.mrp.report_mo_overview"

    def _get_report_data(self, production_id, *args, **kwargs):
        _check_cost_right(self.env, self.env._("MO Overview"))
        return super()._get_report_data(production_id, *args, **kwargs)


class ReportBomStructure(models.AbstractModel):
    """The BoM Overview computes product and operation costs: as the MO
    Overview."""

    _inherit = "report.mrp.report_bom_structure"

    def _get_report_data(self, *args, **kwargs):
        _check_cost_right(self.env, self.env._("BoM Overview"))
        return super()._get_report_data(*args, **kwargs)

    def _get_report_values(self, docids, data=None):
        _check_cost_right(self.env, self.env._("BoM Overview"))
        return super()._get_report_values(docids, data=data)

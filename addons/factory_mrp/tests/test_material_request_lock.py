import re

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .material_common import MaterialRequestCase


@tagged("post_install", "-at_install")
class TestMaterialRequestApprovedTwice(MaterialRequestCase):
    """The second of two workshop supervisors approving a request is told who
    approved it and no second transfer is made (both at once:
    tests/test_soak.py)."""

    def test_second_approval_is_refused(self):
        second = new_test_user(
            self.env,
            login="t_ws_appr2",
            groups="base.group_user,factory_stock.group_workshop_supervisor",
        )
        request = self._approved(self._adhoc([(self.shaft, 2, self.env["stock.lot"])]))
        pickings = request.picking_ids
        self.assertEqual(len(pickings), 1)
        with self.assertRaisesRegex(
            UserError,
            rf"{re.escape(request.name)} is already approved \(by "
            rf"{re.escape(self.approver.name)} on ",
        ):
            request.with_user(second).action_approve()
        self.assertEqual(request.picking_ids, pickings)
        self.assertEqual(request.approved_by_id, self.approver)

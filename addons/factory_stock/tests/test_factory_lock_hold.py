"""holding_quants and holding_quants_at (factory_lock.py): a booking scan
or a validation locks the quants it takes from once; its quant updates do
not lock them again, and the rows stay locked against other transactions."""

from contextlib import closing

import psycopg2

from odoo.tests import TransactionCase, tagged

from odoo.addons.factory_stock.models import factory_lock


@tagged("post_install", "-at_install")
class TestHoldingQuants(TransactionCase):
    def _committed_quant(self):
        quant = self.env["stock.quant"].search(
            [("location_id.usage", "=", "internal"), ("quantity", ">", 1)], order="id"
        )
        quant = quant.filtered(lambda q: q.quantity > q.reserved_quantity)[:1]
        if not quant:
            self.skipTest("needs a committed quant with free stock (demo data)")
        return quant

    def _locked_elsewhere(self, quant):
        with closing(self.registry.cursor()) as other:
            try:
                other.execute(
                    "SELECT id FROM stock_quant WHERE id = %s FOR NO KEY UPDATE NOWAIT",
                    quant.ids,
                    log_exceptions=False,
                )
            except psycopg2.errors.LockNotAvailable:
                return True
            finally:
                other.rollback()
        return False

    def test_held_quants_are_locked_once(self):
        quant = self._committed_quant()
        product, location = quant.product_id, quant.location_id
        root = location.warehouse_id.view_location_id or location
        self.assertFalse(self._locked_elsewhere(quant))
        with factory_lock.holding_quants(self.env, product.ids, root.ids):
            self.assertTrue(self._locked_elsewhere(quant))
            with self.assertQueryCount(0):
                factory_lock.lock_quants(self.env, product.ids, location.ids)
                factory_lock.lock_quants(
                    self.env, product.ids, root.ids, child_of=True, if_free=True
                )
        # outside the block: locked as before, with a query
        self.assertTrue(self._locked_elsewhere(quant))
        with self.assertQueryCount(1):
            factory_lock.lock_quants(self.env, product.ids, location.ids)

    def test_other_products_and_places_are_locked_as_before(self):
        quant = self._committed_quant()
        product, location = quant.product_id, quant.location_id
        other_product = self.env["product.product"].search(
            [("id", "!=", product.id)], limit=1
        )
        elsewhere = self.env["stock.location"].search(
            [("id", "!=", location.id), ("usage", "=", "internal")], limit=1
        )
        with factory_lock.holding_quants(self.env, product.ids, location.ids):
            with self.assertQueryCount(1):
                factory_lock.lock_quants(self.env, other_product.ids, location.ids)
            if not elsewhere.parent_path.startswith(location.parent_path):
                with self.assertQueryCount(1):
                    factory_lock.lock_quants(self.env, product.ids, elsewhere.ids)

    def test_nothing_free_holds_nothing(self):
        """A product without free stock under the locations is not locked by
        the hold (``if_free``), so its later locks still run."""
        quant = self._committed_quant()
        product, location = quant.product_id, quant.location_id
        empty = self.env["stock.location"].create(
            {"name": "Empty bin", "usage": "internal", "location_id": location.id}
        )
        with factory_lock.holding_quants(self.env, product.ids, empty.ids):
            self.assertFalse(self._locked_elsewhere(quant))
            with self.assertQueryCount(1):
                factory_lock.lock_quants(self.env, product.ids, empty.ids)

    def test_held_at_locations_covers_those_locations_only(self):
        """holding_quants_at (a validation's lines): the quants at those very
        locations are locked and not locked again; a lock of a location's
        tree, another location or another product still runs."""
        quant = self._committed_quant()
        product, location = quant.product_id, quant.location_id
        other_product = self.env["product.product"].search(
            [("id", "!=", product.id)], limit=1
        )
        elsewhere = self.env["stock.location"].search(
            [("id", "!=", location.id), ("usage", "=", "internal")], limit=1
        )
        with factory_lock.holding_quants_at(self.env, product.ids, location.ids):
            self.assertTrue(self._locked_elsewhere(quant))
            with self.assertQueryCount(0):
                factory_lock.lock_quants(self.env, product.ids, location.ids)
            with self.assertQueryCount(1):
                factory_lock.lock_quants(
                    self.env, product.ids, location.ids, child_of=True
                )
            with self.assertQueryCount(1):
                factory_lock.lock_quants(self.env, other_product.ids, location.ids)
            with self.assertQueryCount(1):
                factory_lock.lock_quants(self.env, product.ids, elsewhere.ids)
        with self.assertQueryCount(1):
            factory_lock.lock_quants(self.env, product.ids, location.ids)

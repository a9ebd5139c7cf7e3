"""Counting by scanning: the entry point of the mobile barcode view.

scan location -> scan material (and lot) -> enter or scan the quantity. A
material found where the books have none is added as a new line.
"""

from odoo import models
from odoo.exceptions import UserError


class FactoryStocktake(models.Model):
    _inherit = "factory.stocktake"

    def _scan_location(self, code):
        self.ensure_one()
        locations = self._scope_locations()
        location = locations.filtered(
            lambda loc: code in (loc.barcode, loc.complete_name)
        )
        if not location:
            raise UserError(
                self.env._(
                    "%(code)s is not a location of stocktake %(ref)s.",
                    code=code,
                    ref=self.name,
                )
            )
        return location[:1]

    def _scan_product(self, code):
        product = self.env["product.product"].search(
            ["|", ("barcode", "=", code), ("default_code", "=", code)], limit=1
        )
        if not product:
            raise UserError(self.env._("No material with barcode or code %s.", code))
        return product

    def _scan_lot(self, product, name):
        if not name:
            return self.env["stock.lot"]
        lots = self.env["stock.lot"].search(
            [("name", "=", name), ("company_id", "in", (False, self.company_id.id))]
        )
        lot = lots.filtered(lambda lot: lot.product_id == product)[:1]
        if lot:
            return lot
        if lots:
            raise UserError(
                self.env._(
                    "Lot %(lot)s belongs to %(other)s, not to %(product)s.",
                    lot=name,
                    other=lots[0].product_id.display_name,
                    product=product.display_name,
                )
            )
        raise UserError(
            self.env._(
                "Unknown lot %(lot)s of %(product)s: ask your supervisor to create it.",
                lot=name,
                product=product.display_name,
            )
        )

    def factory_count_scan(self, location_code, product_code, lot_name=False, qty=None):
        """Count a scanned material (and lot) in a scanned location.

        ``qty`` sets the counted quantity; without it each scan adds one. The
        line is created when the books have none. Returns what the phone shows.
        """
        self.ensure_one()
        self._check_counting()
        location = self._scan_location(location_code)
        product = self._scan_product(product_code)
        lot = self._scan_lot(product, lot_name)
        return self._count_scanned(location, product, lot, qty)

    def _check_counting(self):
        self.ensure_one()
        if self.state != "counting":
            raise UserError(self.env._("%s is not being counted.", self.name))

    def _count_scanned(self, location, product, lot, qty=None):
        """Count ``product`` (and ``lot``) in ``location``, already resolved
        (the barcode view resolves them itself): ``qty`` sets the counted
        quantity, None adds one."""
        self.ensure_one()
        self._check_counting()
        self._check_in_scope(location)
        line = self.line_ids.filtered(
            lambda line: (
                line.location_id == location
                and line.product_id == product
                and line.lot_id == lot
                and not line.package_id
                and not line.owner_id
            )
        )[:1]
        if qty is None:
            qty = (line.counted_qty if line.is_counted else 0.0) + 1
        if line:
            line.counted_qty = qty
        else:
            line = self.env["factory.stocktake.line"].create(
                {
                    "stocktake_id": self.id,
                    "location_id": location.id,
                    "product_id": product.id,
                    "lot_id": lot.id,
                    "counted_qty": qty,
                }
            )
        return self._count_line_data(line)

    def _count_line_data(self, line):
        """What the phone shows of a counted line; no book quantity while the
        count is blind for the user."""
        self.ensure_one()
        result = {
            "line_id": line.id,
            "location": line.location_id.display_name,
            "product": line.product_id.display_name,
            "lot": line.lot_id.name or "",
            "counted_qty": line.counted_qty,
            "uom": line.product_id.uom_id.name,
            "is_new": line.is_new,
        }
        if self.show_book_qty:
            result["book_qty"] = line.book_qty
        return result

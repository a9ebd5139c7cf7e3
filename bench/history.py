"""The history of a benchmark database, simulated in Python with the seeded
``random.Random``: documents in time order over the months of the profile —
receipts from suppliers (new lots / serials), issues to production,
deliveries, internal bin transfers, scraps, inventory gains and losses — then
a share of open ones (receipts due, reserved issues and deliveries, deliveries
waiting for stock).  Outflows only take stock that exists (oldest lot first),
so no internal quant goes negative.  The rows are written by ``writer.py``.
"""

import bisect
from datetime import datetime, timedelta

from common import Progress, say
from writer import Writer

OPEN_SHARE = 0.02  # open (not done) moves, relative to the done ones
# document kinds: weight (share of documents), lines per document
KINDS = {
    "receipt": (26, (1, 6)),
    "issue": (26, (1, 8)),
    "delivery": (20, (1, 5)),
    "internal": (12, (1, 3)),
    "scrap": (6, (1, 1)),
    "inventory": (10, (1, 1)),
}


class History:
    """Simulates the factory's stock day by day and has ``Writer`` write what
    Odoo writes."""

    def __init__(self, env, master, sizes, rnd, end_date):
        self.m, self.sizes, self.rnd, self.end_date = master, sizes, rnd, end_date
        self.writer = Writer(env, master)
        self.products = master["products"]
        self.whs = master["warehouses"]
        # popularity: a few materials move a lot, most rarely (Zipf-like)
        weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(self.products))]
        order = list(range(len(self.products)))
        rnd.shuffle(order)
        self.popular = [self.products[i] for i in order]
        self.cum = []
        total = 0.0
        for w in weights:
            total += w
            self.cum.append(total)
        # stock on hand: (product id, warehouse index) -> {(bin, lot id): qty}
        self.stock = {}

    # stock on hand ---------------------------------------------------------
    def pick_product(self):
        x = self.rnd.random() * self.cum[-1]
        return self.popular[bisect.bisect_left(self.cum, x)]

    def available(self, product, w):
        return self.stock.get((product["id"], w), {})

    def take(self, product, w, qty):
        """Remove up to qty from the bins of warehouse w, oldest lot first;
        return [(bin, lot, qty)]."""
        bins = self.stock.get((product["id"], w))
        if not bins:
            return []
        keys = (
            sorted(bins, key=lambda k: (k[1] or 0, k[0]))
            if product["tracking"] != "none"
            else list(bins)
        )
        if product["tracking"] == "none":
            self.rnd.shuffle(keys)
        taken = []
        for key in keys:
            if qty <= 0 or len(taken) >= (
                qty if product["tracking"] == "serial" else 3
            ):
                break
            part = min(qty, bins[key])
            bins[key] -= part
            if bins[key] <= 0:
                del bins[key]
            qty -= part
            taken.append((key[0], key[1], part))
        return taken

    def put(self, product, w, bin_id, lot, qty):
        bins = self.stock.setdefault((product["id"], w), {})
        bins[(bin_id, lot)] = bins.get((bin_id, lot), 0) + qty

    # documents -------------------------------------------------------------
    def doc_receipt(self, w, when, nlines, state="done"):
        rnd, wh = self.rnd, self.whs[w]
        ptype = wh["types"]["receipt"]
        src, dst = self.m["loc_supplier"], wh["stock"]
        partner = rnd.choice(self.m["suppliers"])
        picking_id, name = self.writer.next_picking(ptype)
        origin = f"PO{rnd.randint(1, 99999):05d}"
        written = 0
        for _ in range(nlines):
            product = self.pick_product()
            if w not in product["bins"]:
                continue
            qty = (
                rnd.randint(1, 6)
                if product["tracking"] == "serial"
                else rnd.randint(10, 240)
            )
            bin_id = rnd.choice(product["bins"][w])
            lines = []
            if state != "done":  # lots are entered when the receipt is validated
                units = qty if product["tracking"] == "serial" else 1
                lines = [(src, bin_id, None, None, qty // units)] * units
            elif product["tracking"] == "serial":
                for _u in range(qty):
                    lot, lot_name = self.writer.new_lot(product, when)
                    lines.append((src, bin_id, lot, lot_name, 1))
            elif product["tracking"] == "lot":
                lot, lot_name = self.writer.new_lot(product, when)
                lines.append((src, bin_id, lot, lot_name, qty))
            else:
                lines.append((src, bin_id, None, None, qty))
            if state == "done":
                for _s, b, lot, _n, q in lines:
                    self.put(product, w, b, lot, q)
            self.writer.write_move(
                product,
                src,
                dst,
                when,
                lines,
                picking=picking_id,
                ptype=ptype,
                partner=partner,
                origin=origin,
                reference=name,
                state=state,
                valued=1,
                demand=qty,
            )
            written += 1
        if written:
            self.writer.write_picking(
                picking_id, ptype, src, dst, partner, name, origin, when, state
            )
        return written

    def doc_out(self, kind, w, when, nlines, state="done"):
        """Issue to production, delivery to a customer or internal transfer."""
        rnd, wh = self.rnd, self.whs[w]
        ptype = wh["types"][kind]
        src = wh["stock"]
        if kind == "issue":
            dst, partner, origin = (
                self.m["loc_production"],
                None,
                f"WO{rnd.randint(1, 99999):05d}",
            )
        elif kind == "delivery":
            dst = self.m["loc_customer"]
            partner = rnd.choice(self.m["customers"])
            origin = f"SO{rnd.randint(1, 99999):05d}"
        else:
            dst, partner, origin = wh["stock"], None, None
        picking_id, name = self.writer.next_picking(ptype)
        written = 0
        for _ in range(nlines):
            product = self.pick_product()
            if w not in product["bins"] or not self.available(product, w):
                continue
            if product["tracking"] == "serial":
                want = rnd.randint(1, 3)
            else:
                want = rnd.randint(1, 60 if kind != "internal" else 120)
            taken = self.take(product, w, want)
            if not taken:
                continue
            lines = []
            for bin_id, lot, q in taken:
                if kind == "internal":
                    to_bin = rnd.choice(product["bins"][w] + [rnd.choice(wh["bins"])])
                    lines.append((bin_id, to_bin, lot, None, q))
                else:
                    lines.append((bin_id, dst, lot, None, q))
            demand = None
            if state == "done":
                if kind == "internal":
                    for _s, to_bin, lot, _n, q in lines:
                        self.put(product, w, to_bin, lot, q)
                        if to_bin not in product["bins"][w]:
                            product["bins"][w].append(to_bin)
            else:
                # a reservation: the stock stays, but is no longer available
                demand = sum(q for _b, _l, q in taken) + (
                    rnd.randint(0, 5) if product["tracking"] == "none" else 0
                )
            self.writer.write_move(
                product,
                src,
                dst,
                when,
                lines,
                picking=picking_id,
                ptype=ptype,
                partner=partner,
                origin=origin,
                reference=name,
                state=state,
                valued=0 if kind == "internal" else -1,
                demand=demand,
            )
            written += 1
        if written:
            self.writer.write_picking(
                picking_id, ptype, src, dst, partner, name, origin, when, state
            )
        return written

    def doc_scrap(self, w, when):
        product = self.pick_product()
        if w not in product["bins"] or not self.available(product, w):
            return 0
        taken = self.take(
            product, w, 1 if product["tracking"] == "serial" else self.rnd.randint(1, 8)
        )
        bin_id, lot, qty = taken[0]
        for b, lt, q in taken[1:]:  # a scrap is one location and lot: put the rest back
            self.put(product, w, b, lt, q)
        scrap_id, name = self.writer.write_scrap(product, lot, bin_id, qty, when)
        dst = self.m["loc_scrap"]
        self.writer.write_move(
            product,
            bin_id,
            dst,
            when,
            [(bin_id, dst, lot, None, qty)],
            name=name,
            origin=name,
            reference=name,
            scrap=scrap_id,
            valued=-1,
        )
        return 1

    def doc_inventory(self, w, when):
        """A counted quantity applied: a gain from or a loss to Inventory adjustment."""
        rnd = self.rnd
        product = self.pick_product()
        if w not in product["bins"]:
            return 0
        loss_loc = self.m["loc_inventory"]
        name = "Product Quantity Updated"
        bins = self.available(product, w)
        if bins and rnd.random() < 0.6:
            taken = self.take(
                product, w, 1 if product["tracking"] == "serial" else rnd.randint(1, 10)
            )
            bin_id, lot, qty = taken[0]
            for b, lt, q in taken[1:]:
                self.put(product, w, b, lt, q)
            self.writer.write_move(
                product,
                bin_id,
                loss_loc,
                when,
                [(bin_id, loss_loc, lot, None, qty)],
                name=name,
                reference=name,
                is_inventory=True,
                valued=-1,
            )
            return 1
        bin_id = rnd.choice(product["bins"][w])
        if product["tracking"] == "none":
            lot, lot_name, qty = None, None, rnd.randint(1, 50)
        else:
            lot, lot_name = self.writer.new_lot(product, when)
            lot_name, qty = (
                None,
                1 if product["tracking"] == "serial" else rnd.randint(1, 50),
            )
        self.put(product, w, bin_id, lot, qty)
        self.writer.write_move(
            product,
            loss_loc,
            bin_id,
            when,
            [(loss_loc, bin_id, lot, lot_name, qty)],
            name=name,
            reference=name,
            is_inventory=True,
            valued=1,
        )
        return 1

    def doc_waiting(self, w, when):
        """A confirmed delivery waiting for stock (no reservation)."""
        wh = self.whs[w]
        ptype = wh["types"]["delivery"]
        product = self.pick_product()
        if w not in product["bins"]:
            return 0
        picking_id, name = self.writer.next_picking(ptype)
        partner = self.rnd.choice(self.m["customers"])
        origin = f"SO{self.rnd.randint(1, 99999):05d}"
        demand = self.rnd.randint(1, 3 if product["tracking"] == "serial" else 80)
        dst = self.m["loc_customer"]
        self.writer.write_move(
            product,
            wh["stock"],
            dst,
            when,
            [],
            picking=picking_id,
            ptype=ptype,
            partner=partner,
            origin=origin,
            reference=name,
            state="confirmed",
            demand=demand,
        )
        self.writer.write_picking(
            picking_id,
            ptype,
            wh["stock"],
            dst,
            partner,
            name,
            origin,
            when,
            "confirmed",
        )
        return 1

    # main loop -------------------------------------------------------------
    def run(self):
        rnd, target = self.rnd, self.sizes["moves"]
        # history ends at 18:00 of the end date; open documents are dated then
        now = datetime.combine(self.end_date, datetime.min.time()) + timedelta(hours=18)
        end = now - timedelta(hours=2)
        start = end - timedelta(days=int(self.sizes["months"] * 30.44))
        step = (end - start).total_seconds() / target
        kinds = list(KINDS)
        kind_w = [KINDS[k][0] for k in kinds]
        t = 0.0
        span = (end - start).total_seconds()
        progress = Progress("moves", target)
        while self.writer.done_moves < target:
            kind = rnd.choices(kinds, kind_w)[0]
            nlines = min(rnd.randint(*KINDS[kind][1]), target - self.writer.done_moves)
            when = (start + timedelta(seconds=int(min(t, span)))).strftime(
                "%Y-%m-%d %H:%M:%S"
            )
            written = self.writer.done_moves
            w = rnd.randrange(len(self.whs))
            if kind == "receipt":
                self.doc_receipt(w, when, nlines)
            elif kind in ("issue", "delivery", "internal"):
                self.doc_out(kind, w, when, nlines)
            elif kind == "scrap":
                self.doc_scrap(w, when)
            else:
                self.doc_inventory(w, when)
            # the clock moves by the moves written, not the lines asked for:
            # an outflow finds less stock than it asks for, and time running
            # ahead of the moves piled the last ones up on the end date
            t += step * (self.writer.done_moves - written) * rnd.uniform(0.2, 1.8)
            self.writer.flush_if_full()
            progress.update(self.writer.done_moves)
        progress.done(self.writer.done_moves)
        # open documents: receipts due, reserved issues and deliveries, waiting moves
        n_open = max(1, int(target * OPEN_SHARE))
        opened = 0
        when_open = now.strftime("%Y-%m-%d %H:%M:%S")
        while opened < n_open:
            w = rnd.randrange(len(self.whs))
            draw = rnd.random()
            nlines = rnd.randint(1, 4)
            if draw < 0.35:
                opened += self.doc_receipt(w, when_open, nlines, state="assigned")
            elif draw < 0.85:
                opened += self.doc_out(
                    rnd.choice(("issue", "delivery")),
                    w,
                    when_open,
                    nlines,
                    state="assigned",
                )
            else:
                opened += self.doc_waiting(w, when_open)
        out = self.writer
        out.flush()
        say(
            f"history: {out.moves.count:,} moves, {out.lines.count:,} move lines, "
            f"{out.svls.count:,} valuation layers, {out.pickings.count:,} transfers, "
            f"{out.lots.count:,} lots/serials, {out.scraps.count:,} scraps "
            f"({n_open:,} open moves)"
        )

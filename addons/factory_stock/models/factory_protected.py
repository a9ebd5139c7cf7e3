"""Workflow fields that only the model's own methods write.

``readonly=True`` is a view attribute: Odoo's ``create``/``write`` accept any
field the caller's access rights allow, so a client over RPC, an import or a
server action could set a state, an approver or a book quantity directly.
Each model (or each Odoo model the suite extends) inheriting this mixin
declares two lists:

``_factory_protected_fields``
    never given by a caller, neither on create nor on write: states,
    approvals and their who/when, book / issued / returned quantities,
    idempotency keys, released flags, links the model's actions set.
``_factory_fixed_fields``
    given on create (a line's document, a report's work order) but never
    changed afterwards from outside.

The model's own methods write them through ``_factory_write`` /
``_factory_create``, which open a writer scope for that model on the current
call stack (a :class:`contextvars.ContextVar`, so nothing an RPC client sends,
no context key, can open it). The superuser (``sudo()`` code and data files)
is not checked either: only server code runs as superuser.

Both lists add up over the model's classes: a module extending a model (or a
file of the same module adding fields to it) declares only its own fields,
and the model protects all of them.
"""

import contextvars
from contextlib import contextmanager

from odoo import Command, api, models
from odoo.exceptions import UserError

# Models whose own methods are writing their protected fields right now, on
# this thread (each request, cron and test runs on its own context).
_WRITERS = contextvars.ContextVar("factory_protected_writers", default=frozenset())
# in a writer scope, stands for every model (a duplicate copies its lines)
ANY_MODEL = "*"


@contextmanager
def factory_protected_writer(*model_names):
    """Open a writer scope: inside it, the protected fields of
    ``model_names`` may be written. For model code only."""
    token = _WRITERS.set(_WRITERS.get() | frozenset(model_names))
    try:
        yield
    finally:
        _WRITERS.reset(token)


class FactoryProtectedMixin(models.AbstractModel):
    _name = "factory.protected.mixin"
    _description = "Workflow fields written by the model's own methods only"

    _factory_protected_fields = ()
    _factory_fixed_fields = ()

    def _setup_complete(self):
        super()._setup_complete()
        # the union of what every class of the model declares, in order
        cls = self.env.registry[self._name]
        for attr in ("_factory_protected_fields", "_factory_fixed_fields"):
            names = {}
            for klass in reversed(cls.__mro__):
                names.update(dict.fromkeys(vars(klass).get(attr, ())))
            setattr(cls, attr, tuple(names))

    # ------------------------------------------------------------------
    # the check
    # ------------------------------------------------------------------

    def _factory_is_trusted_writer(self):
        writers = _WRITERS.get()
        return self.env.su or self._name in writers or ANY_MODEL in writers

    def _factory_refuse_fields(self, fnames):
        if not fnames:
            return
        labels = ", ".join(
            sorted(self._fields[f]._description_string(self.env) for f in fnames)
        )
        raise UserError(
            self.env._(
                "%(fields)s of %(document)s can only be set by the document's own "
                "actions (its buttons and scans), not written directly.",
                fields=labels,
                document=self.env["ir.model"]._get(self._name).name
                or self._description,
            )
        )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model
    def _factory_check_create(self, vals_list):
        """Refuse the protected fields an untrusted caller gives on create.
        Returns the model to create with: without the ``default_<field>``
        context keys of protected fields (any RPC client can send one).

        A ``create`` override that sets protected values itself calls this
        first, then ``super().create`` inside a writer scope."""
        protected = set(self._factory_protected_fields)
        if not protected:
            return self
        if not self._factory_is_trusted_writer():
            given = {fname for vals in vals_list for fname in vals} & protected
            if given:
                self.check_access("create")  # no right at all: say that first
                self._factory_refuse_fields(given)
        # also in a writer scope: an action called with such a context key
        # would otherwise create e.g. an approved document; model code gives
        # protected values in the values, never through the context
        defaults = {f"default_{fname}" for fname in protected}
        if defaults & set(self.env.context):
            return self.with_context(
                {
                    key: value
                    for key, value in self.env.context.items()
                    if key not in defaults
                }
            )
        return self

    @api.model_create_multi
    def create(self, vals_list):
        model = self._factory_check_create(vals_list)
        if model is self:
            return super().create(vals_list)
        records = super(FactoryProtectedMixin, model).create(vals_list)
        return records.with_env(self.env)

    def _factory_check_write(self, vals):
        """Refuse the protected and fixed fields an untrusted caller writes.
        A ``write`` override that checks the values itself first calls this,
        so that a forged field is refused as such."""
        if not self._factory_is_trusted_writer():
            fixed = set(self._factory_protected_fields) | set(
                self._factory_fixed_fields
            )
            given = fixed & set(vals)
            if given:
                self.check_access("write")  # no right at all: say that first
                self._factory_refuse_fields(given)

    def write(self, vals):
        self._factory_check_write(vals)
        return super().write(vals)

    def copy_data(self, default=None):
        # a duplicate starts its own workflow: protected fields that have a
        # default (states, flags) take it again
        vals_list = super().copy_data(default=default)
        keep = set(default or ())
        reset = [
            fname
            for fname in self._factory_protected_fields
            if fname not in keep and self._fields[fname].default is not None
        ]
        for vals in vals_list:
            for fname in reset:
                vals.pop(fname, None)
        return vals_list

    def copy(self, default=None):
        # the copied values come from the records themselves; only what the
        # caller passes in ``default`` (and the context) is checked
        records = self
        if not self._factory_is_trusted_writer():
            self._factory_refuse_fields(
                set(default or ()) & set(self._factory_protected_fields)
            )
            self._factory_refuse_nested(default or {})
            # the copy runs in a writer scope for every model (its lines are
            # copied too): no ``default_<field>`` key of a protected field
            if any(key.startswith("default_") for key in self.env.context):
                defaults = self._factory_all_protected_defaults()
                records = self.with_context(
                    {
                        key: value
                        for key, value in self.env.context.items()
                        if key not in defaults
                    }
                )
        with factory_protected_writer(ANY_MODEL):
            copies = super(FactoryProtectedMixin, records).copy(default=default)
        return copies.with_env(self.env)

    @api.model
    def _factory_all_protected_defaults(self):
        """``default_<field>`` context keys of every protected field of every
        model using the mixin."""
        registry = self.env.registry
        return {
            f"default_{fname}"
            for name in registry.descendants([FactoryProtectedMixin._name], "_inherit")
            for fname in registry[name]._factory_protected_fields
        }

    def _factory_refuse_nested(self, vals):
        """Refuse, in the x2many commands of ``vals`` (a copy's ``default``,
        applied in a writer scope for every model), what a caller may not
        give to a model using the mixin: protected fields of new or updated
        lines, fixed fields of updated lines, and existing lines moved onto
        the copy when their link to the document is fixed."""
        for fname, commands in vals.items():
            field = self._fields.get(fname)
            if (
                not field
                or field.type not in ("one2many", "many2many")
                or not isinstance(commands, (list, tuple))
            ):
                continue
            comodel = self.env[field.comodel_name]
            if not isinstance(comodel, FactoryProtectedMixin):
                continue
            protected = set(comodel._factory_protected_fields)
            fixed = protected | set(comodel._factory_fixed_fields)
            inverse = field.type == "one2many" and field.inverse_name
            for command in commands:
                if not isinstance(command, (list, tuple)) or not command:
                    continue
                values = command[2] if len(command) > 2 else None
                if command[0] == Command.CREATE and isinstance(values, dict):
                    comodel._factory_refuse_fields(set(values) & protected)
                    comodel._factory_refuse_nested(values)
                elif command[0] == Command.UPDATE and isinstance(values, dict):
                    comodel._factory_refuse_fields(set(values) & fixed)
                    comodel._factory_refuse_nested(values)
                elif (
                    command[0] in (Command.LINK, Command.SET)
                    and inverse
                    and inverse in fixed
                ):
                    comodel._factory_refuse_fields({inverse})

    # ------------------------------------------------------------------
    # the model's own writers
    # ------------------------------------------------------------------

    def _factory_write(self, vals):
        """Write ``vals`` (protected fields included): model code only."""
        with factory_protected_writer(self._name):
            return self.write(vals)

    @api.model
    def _factory_create(self, vals_list):
        """Create records with protected fields: model code only."""
        with factory_protected_writer(self._name):
            return self.create(vals_list)

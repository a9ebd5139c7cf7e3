"""``create`` overrides of protected models (see factory.protected.mixin in
factory_stock) that add protected values themselves (sequence names, who /
when, links their own booking made).

The mixin checks the values in its own ``create``, below every override: by
then the override's additions would be refused too. Such an override checks
the caller's values first with :func:`caller_create`, then adds its own and
calls ``super().create`` inside ``factory_protected_writer(model)``.
"""


def caller_create(records, vals_list):
    """What the mixin's ``create`` checks, done before a create override adds
    protected values: a protected field given by an untrusted caller is
    refused, and the ``default_<field>`` context keys of protected fields are
    dropped (any RPC client can send them). Returns ``records`` to create
    with (the same model, maybe with a cleaned context)."""
    if records._factory_is_trusted_writer():
        return records
    records.check_access("create")  # no right at all: say that first
    protected = set(records._factory_protected_fields)
    records._factory_refuse_fields(
        {fname for vals in vals_list for fname in vals} & protected
    )
    defaults = {f"default_{fname}" for fname in protected}
    if not defaults & set(records.env.context):
        return records
    return records.with_context(
        {
            key: value
            for key, value in records.env.context.items()
            if key not in defaults
        }
    )

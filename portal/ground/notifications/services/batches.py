"""Batches of messages: a part that queues many rows at once (a campaign) marks them with one
opaque key, "<prefix>:<id>", in Outbox.batch. The outbox never reads the key; to name a batch
in the delivery log it asks the labeller the owning part registered for the prefix."""

_BATCH_LABELLERS = {}


def outbox_batch_labeller_register(*, prefix, labeller):
    """Registers `labeller(ids)` for the batches "<prefix>:<id>": given the ids (strings) it returns
    {id: label} for those that still exist. Parts register theirs in their AppConfig.ready."""
    _BATCH_LABELLERS[prefix] = labeller


def outbox_batch_labels(batches):
    """{batch key: label} for `batches`, each named by its owner's labeller, or by its key when no
    part claims its prefix or the batch's owner is gone."""
    ids = {}
    for batch in batches:
        prefix, _, ident = batch.partition(":")
        ids.setdefault(prefix, []).append(ident)
    labels = {}
    for prefix, idents in ids.items():
        labeller = _BATCH_LABELLERS.get(prefix)
        named = labeller(idents) if labeller else {}
        for ident in idents:
            labels[f"{prefix}:{ident}"] = named.get(ident) or f"{prefix}:{ident}"
    return labels

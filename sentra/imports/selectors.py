from django.http import Http404

from sentra.imports.models import ColumnMapping, ImportBatch


def batches_for_user(user):
    qs = ImportBatch.objects.select_related("created_by")
    return qs if user.is_office else qs.filter(created_by=user)


def get_batch_for_user(user, pk) -> ImportBatch:
    batch = batches_for_user(user).filter(pk=pk).first()
    if batch is None:
        raise Http404("Batch impor tidak ditemukan.")
    return batch


def mappings_for_user(user):
    """Saved column mappings `user` may use: their own, and those an admin shared on purpose."""
    from django.db.models import Q

    if user is None or not getattr(user, "is_authenticated", False):
        return ColumnMapping.objects.filter(shared=True)
    return ColumnMapping.objects.filter(Q(created_by=user) | Q(shared=True))


def saved_mapping_for(headers: list[str], user=None) -> ColumnMapping | None:
    """A saved mapping of `user` (or a shared one) that knows every non-empty header of this file; their own
    first."""
    from sentra.imports.columns import header_key

    keys = {header_key(h) for h in headers if header_key(h)}
    own_first = sorted(mappings_for_user(user), key=lambda m: (m.created_by_id != getattr(user, "pk", None), m.pk))
    for saved in own_first:
        if keys and keys <= set(saved.mapping):
            return saved
    return None

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


def saved_mapping_for(headers: list[str]) -> ColumnMapping | None:
    """A saved mapping that knows every non-empty header of this file."""
    from sentra.imports.columns import header_key

    keys = {header_key(h) for h in headers if header_key(h)}
    for saved in ColumnMapping.objects.all():
        if keys and keys <= set(saved.mapping):
            return saved
    return None

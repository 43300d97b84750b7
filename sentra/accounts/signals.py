"""API tokens end with the password and the account: a changed password (by the user, a reset link or an
admin), a deactivated account — every token of the user is revoked. Hooked on the model's save, so every path
that changes them (views, admin, shell, management commands) is covered."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from sentra.accounts.models import ApiToken, User


@receiver(pre_save, sender=User)
def _remember_credentials(sender, instance: User, raw=False, **kwargs):
    if raw or not instance.pk:
        return
    old = User.objects.filter(pk=instance.pk).values_list("password", "is_active").first()
    instance._revoke_tokens = bool(old) and (old[0] != instance.password or (old[1] and not instance.is_active))


@receiver(post_save, sender=User)
def _revoke_tokens(sender, instance: User, created=False, raw=False, **kwargs):
    if getattr(instance, "_revoke_tokens", False):
        ApiToken.objects.filter(user_id=instance.pk).delete()
        instance._revoke_tokens = False

"""Putting an action's ValidationError onto the form the person filled in."""

from django.core.exceptions import ValidationError


def add_errors(form, error: ValidationError) -> None:
    """An action's errors on the form: on the field they name if the form has it, else on the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)

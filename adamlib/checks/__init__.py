"""Exercise checks: ``fn = check_<exercise>(fn)`` prints a verdict and returns the function to use.

    adam_step = check_adam_step(adam_step)
    # adam_step: correct on 12 test cases. Well done!

The student's function is run against the reference in ``adamlib.steps`` on
seeded cases (several shapes and gradient scales, consecutive steps t = 1, 2,
3); a wrong answer is compared with each classic mistake, so the line can
name it.  The returned function is the student's if it passed, otherwise the
reference, so the lesson always goes on.  See ``engine`` to write new checks;
one module per lesson holds that lesson's exercises.  Reasoning exercises use
``answers``: ``make_answer_check`` (a graded number) and ``check_prediction``
(predict, then run; formative, never raises).
"""
# Implementation exercises, lesson by lesson (00 ... 08).
from .gradients import check_mse_gradient
from .sgd import check_sgd_step
from .momentum import check_ema, check_momentum_step
from .adagrad_rmsprop import check_adagrad_step, check_rmsprop_step
from .adam import check_adam_step
from .training import check_train_epoch
from .beyond_adam import check_adamw_step, check_amsgrad_step
from .practice import check_adam_inplace
from .after_adam import check_adafactor_bytes, check_lion_step
# Reasoning exercises (a number the student derives) and predictions (formative).
from .answers import answer_of, check_prediction, make_answer_check
from .welcome_reasoning import check_loss_after_one_step
from .sgd_reasoning import check_max_stable_lr, check_steps_needed
from .momentum_reasoning import check_lr_star, check_momentum_star, check_nesterov_step
from .adagrad_rmsprop_reasoning import check_adagrad_freeze
from .adam_reasoning import (check_adam_first_step, check_bias_correction, check_paired_difference,
                             paired_exercise_scores, prediction_feedback)
from .deep_learning_reasoning import make_chosen_lr_check
from .beyond_adam_reasoning import check_beta2_turn, check_first_step_ratio
from .practice_reasoning import check_bytes_per_parameter, check_v_halfway
from .clipping import check_clip_global_norm
# For writing new checks.
from .engine import Case, Exercise, Mistake, Verdict, check, make_check, optimizer_cases, rollout, verdict

from .display import register_short_function_echo

register_short_function_echo()   # a dropped assignment echoes "<function adamlib.steps.x>", not 600 characters

__all__ = [
    "check_mse_gradient", "check_sgd_step", "check_ema", "check_momentum_step",
    "check_adagrad_step", "check_rmsprop_step", "check_adam_step", "check_train_epoch",
    "check_amsgrad_step", "check_adamw_step", "check_adam_inplace", "check_lion_step",
    "check_prediction", "make_answer_check",
    "check_loss_after_one_step", "check_max_stable_lr", "check_steps_needed", "check_lr_star",
    "check_momentum_star", "check_nesterov_step", "check_adagrad_freeze", "answer_of",
    "check_adam_first_step", "check_bias_correction", "check_paired_difference", "paired_exercise_scores", "prediction_feedback", "make_chosen_lr_check", "check_beta2_turn", "check_first_step_ratio",
    "check_bytes_per_parameter", "check_v_halfway", "check_adafactor_bytes", "check_clip_global_norm",
    "Case", "Exercise", "Mistake", "Verdict", "check", "make_check", "optimizer_cases", "rollout",
    "verdict",
]

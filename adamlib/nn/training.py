"""One epoch of minibatch training: the loop every deep-learning script runs."""
from ..data import minibatches


def train_epoch(model, params, opt, state, X, y, batch_size, rng):
    """One pass over (X, y) in shuffled minibatches; ``(params, state, mean_loss)``.

    For every minibatch: loss and gradients at the current params, then one
    optimizer step, whose new params AND new state feed the next step (Adam's
    moments and step counter live in ``state``).  ``mean_loss`` is the average
    per-sample training loss over the epoch, each batch weighted by its size,
    measured before each step (so it lags the returned params by a little).
    """
    total, count = 0.0, 0
    for X_batch, y_batch in minibatches(X, y, batch_size, rng):
        loss, grads = model.loss_and_grads(params, X_batch, y_batch)
        params, state = opt.step(params, grads, state)
        total += loss * len(y_batch)
        count += len(y_batch)
    return params, state, total / count

from .base import Optimizer
from .transforms import Transform, chain, scale_by_learning_rate


class Chained(Optimizer):
    """Any chain of transforms as an optimizer with torch's interface, the learning rate last.

        opt = Chained(scale_by_adam(correct_m=False, correct_v=False), lr=0.1)   # Adam without bias correction
        state = opt.init(params)
        params, state = opt.step(params, grads, state)

    For the experiments that take an optimizer apart (lesson 04's ablation): the runners
    (``runner.run``, ``runner.run_batch``, ``nn.train_copies``) take it as they take ``Adam``.
    """

    def __init__(self, *links, lr=1e-3, maximize=False):
        if not links or not all(isinstance(link, Transform) for link in links):
            raise ValueError("Chained takes one or more transforms (adamlib.optim.transforms), e.g. "
                             f"Chained(scale_by_adam(), lr=0.1); got {links!r}")
        super().__init__(lr, 0.0, maximize)
        self.links = links

    def transform(self):
        return chain(*self.links, scale_by_learning_rate(lambda t: self.lr))

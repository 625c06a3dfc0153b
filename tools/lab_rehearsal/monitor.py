"""Memory (PSS) and CPU seconds of every process the hub started, per student."""
import contextlib
import threading


class Monitor(threading.Thread):
    """Samples, once a second, the memory (PSS) of every process the hub started, per student."""

    def __init__(self, hub, seen, interval=1.0):
        super().__init__(daemon=True)
        self.hub, self.seen, self.interval = hub, seen, interval
        self.peak = {}  # student -> peak MB (their server + kernels + git)
        self.hub_peak = 0.0  # the hub and the proxy
        self.owner = {}
        self.stop = threading.Event()

    def owner_of(self, process):
        import psutil

        if process.pid not in self.owner:
            try:
                self.owner[process.pid] = process.environ().get("JUPYTERHUB_USER")
            except psutil.Error:
                return None
        return self.owner[process.pid]

    def sample(self):
        import psutil

        try:
            hub = psutil.Process(self.hub.process.pid)
            processes = [hub, *hub.children(recursive=True)]
        except psutil.Error:
            return
        self.seen.update(processes[1:])
        total = {}
        for process in processes:
            try:
                mb = process.memory_full_info().pss / 2**20
            except psutil.Error:
                continue
            who = self.owner_of(process)
            total[who] = total.get(who, 0.0) + mb
        self.hub_peak = max(self.hub_peak, total.pop(None, 0.0))
        for who, mb in total.items():
            self.peak[who] = max(self.peak.get(who, 0.0), mb)

    def run(self):
        while not self.stop.wait(self.interval):
            self.sample()

    def cpu_seconds(self):
        """CPU seconds each student's server used so far, with its kernels and git commands; under
        the key None, the hub's and the proxy's own."""
        import psutil

        used = {}
        with contextlib.suppress(psutil.Error):
            times = psutil.Process(self.hub.process.pid).cpu_times()  # its own: servers are counted apart
            used[None] = times.user + times.system
        for process in list(self.seen):
            who = self.owner.get(process.pid)
            if who is None:  # the proxy (the hub's other children are students' servers)
                with contextlib.suppress(psutil.Error):
                    times = process.cpu_times()
                    used[None] = used.get(None, 0.0) + times.user + times.system
                continue
            try:
                times = process.cpu_times()
                parent_owner = self.owner.get(process.ppid())
            except psutil.Error:
                continue
            # a server counts its own time and that of children it reaped (finished kernels, git);
            # a live kernel counts its own (it is not reaped yet)
            mine = times.user + times.system
            if parent_owner != who:  # the server process itself
                mine += times.children_user + times.children_system
            used[who] = used.get(who, 0.0) + mine
        return used

// Follows an audit job on its page: asks the dashboard for its progress every second, updates the bar and the words, and opens the audit when it is done.
(() => {
  const panel = document.querySelector('[data-job]');
  if (!panel) return;
  const bar = panel.querySelector('progress');
  const words = panel.querySelector('[data-job-words]');
  const state = document.querySelector('[data-job-state]');
  const count = new Intl.NumberFormat('en-US');
  async function poll() {
    let job;
    try {
      const response = await fetch(panel.dataset.job, { headers: { Accept: 'application/json' } });
      if (!response.ok) throw new Error(String(response.status));
      job = await response.json();
    } catch {
      setTimeout(poll, 3000);
      return;
    }
    const { scored, total } = job.progress;
    bar.max = Math.max(1, total);
    bar.value = scored;
    state.textContent = job.state;
    words.textContent = `${count.format(scored)} of ${count.format(total)} followers scored (${job.progress.shardsDone} of ${job.progress.shards} shards)`;
    if (job.state === 'done' && job.auditPath) {
      window.location.assign(job.auditPath);
      return;
    }
    if (job.state === 'queued' || job.state === 'running') setTimeout(poll, 1000);
    else window.location.reload();
  }
  setTimeout(poll, 300);
})();

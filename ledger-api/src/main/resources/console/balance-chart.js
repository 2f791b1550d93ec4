// Draws an account's balance over time from the JSON the page carries (no inline script: the content security
// policy allows scripts from the service only). The statement table beside it holds the same figures as text.
(function () {
  var data = document.getElementById('balance-data');
  var canvas = document.getElementById('balance-chart');
  if (!data || !canvas || typeof Chart === 'undefined') {
    return;
  }
  var chart = JSON.parse(data.textContent);
  new Chart(canvas, {
    type: 'line',
    data: {
      labels: chart.labels,
      datasets: [{ label: 'Posted balance (' + chart.currency + ')', data: chart.values.map(Number),
        borderColor: '#0b4f9c', backgroundColor: 'rgba(11,79,156,0.12)', fill: true, stepped: true, pointRadius: 2 }]
    },
    options: { animation: false, maintainAspectRatio: false, scales: { x: { ticks: { maxTicksLimit: 8 } } } }
  });
})();

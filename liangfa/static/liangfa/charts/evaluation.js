// 考评 ranking and trend charts (a file, not inline: the Content-Security-Policy allows scripts from 'self' only)
  const c = JSON.parse(document.getElementById("chart-data").textContent);
  echarts.init(document.getElementById("ranking-chart")).setOption({
    animation: false, title: {text: "单位得分", textStyle: {fontSize: 14}}, tooltip: {trigger: "axis"},
    grid: {top: 40, left: 40, right: 20, bottom: 90}, xAxis: {type: "category", data: c.units, axisLabel: {rotate: 30, interval: 0}},
    yAxis: {type: "value", min: 0, max: 100}, series: [{type: "bar", data: c.totals, label: {show: true, position: "top"}}]
  });
  echarts.init(document.getElementById("trend-chart")).setOption({
    animation: false, title: {text: "历次考评得分趋势", textStyle: {fontSize: 14}}, tooltip: {trigger: "axis"},
    legend: {top: 24, data: Object.keys(c.trend.series)}, grid: {top: 70, left: 40, right: 20, bottom: 30},
    xAxis: {type: "category", data: c.trend.labels}, yAxis: {type: "value", min: 0, max: 100},
    series: Object.entries(c.trend.series).map(([name, data]) => ({name, type: "line", data}))
  });

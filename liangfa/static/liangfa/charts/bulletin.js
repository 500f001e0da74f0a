// 情况通报 charts (a static file: the Content-Security-Policy allows no inline script).
const c = JSON.parse(document.getElementById("chart-data").textContent);
echarts.init(document.getElementById("trend")).setOption({
  animation: false, title: {text: "按月趋势", textStyle: {fontSize: 14}}, tooltip: {trigger: "axis"},
  legend: {top: 24, data: Object.keys(c.series)}, grid: {top: 60, left: 40, right: 20, bottom: 30},
  xAxis: {type: "category", data: c.month_labels}, yAxis: {type: "value", minInterval: 1},
  series: Object.entries(c.series).map(([name, data]) => ({name, type: "line", data}))
});
echarts.init(document.getElementById("by-agency")).setOption({
  animation: false, title: {text: "各单位移送与立案", textStyle: {fontSize: 14}}, tooltip: {trigger: "axis"},
  legend: {top: 24, data: ["移送", "立案"]}, grid: {top: 60, left: 40, right: 20, bottom: 110},
  xAxis: {type: "category", data: c.agencies, axisLabel: {rotate: 40, interval: 0}}, yAxis: {type: "value", minInterval: 1},
  series: [{name: "移送", type: "bar", data: c.transfers}, {name: "立案", type: "bar", data: c.filed}]
});

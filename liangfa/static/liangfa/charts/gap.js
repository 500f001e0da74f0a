// 移送率分析 chart (a static file: the Content-Security-Policy allows no inline script).
const d = JSON.parse(document.getElementById("gap-data").textContent);
const chart = echarts.init(document.getElementById("gap-chart"));
chart.setOption({
  animation: false, tooltip: {trigger: "axis"}, legend: {data: ["移送率‰", "线索率‰", "其他机关移送率‰"]},
  grid: {left: 50, right: 20, bottom: 110},
  xAxis: {type: "category", data: d.agencies, axisLabel: {rotate: 40, interval: 0}},
  yAxis: {type: "value", name: "每千件"},
  series: [{name: "移送率‰", type: "bar", data: d.transfer_rate}, {name: "线索率‰", type: "bar", data: d.clue_rate},
           {name: "其他机关移送率‰", type: "line", data: d.peer_rate}]
});

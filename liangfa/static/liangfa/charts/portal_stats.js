// 群众意见 statistics per month (a static file: the Content-Security-Policy allows no inline script).
const data = JSON.parse(document.getElementById("chart-data").textContent);
echarts.init(document.getElementById("monthly")).setOption({
  animation: false, title: {text: "按月收到、办结和满意度", textStyle: {fontSize: 14}}, tooltip: {trigger: "axis"},
  legend: {top: 24, data: ["收到", "办结", "平均满意度"]}, grid: {top: 60, left: 40, right: 50, bottom: 30},
  xAxis: {type: "category", data: data.months},
  yAxis: [{type: "value", name: "件", minInterval: 1}, {type: "value", name: "满意度", min: 0, max: 5}],
  series: [{name: "收到", type: "bar", data: data.received}, {name: "办结", type: "bar", data: data.answered},
           {name: "平均满意度", type: "line", yAxisIndex: 1, data: data.average}]
});

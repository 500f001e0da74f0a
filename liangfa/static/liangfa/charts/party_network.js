// The party's network on the party page (a file, not inline: the Content-Security-Policy allows scripts from 'self' only)
(function () {
  var data = JSON.parse(document.getElementById("network-data").textContent);
  var chart = echarts.init(document.getElementById("party-network"));
  chart.setOption({
    tooltip: {formatter: function (p) { return p.dataType === "edge" ? p.data.evidence + "：" + p.data.value : p.data.name + "（" + p.data.kind + "）"; }},
    series: [{type: "graph", layout: "force", roam: true, draggable: true, force: {repulsion: 260, edgeLength: 120},
      label: {show: true, position: "right"},
      data: data.nodes.map(function (n) { return {id: n.id, name: n.name, kind: n.kind, url: n.url, symbolSize: n.centre ? 36 : 22,
        itemStyle: {color: n.centre ? "#c0392b" : (n.visible ? "#2c6fbb" : "#999")}}; }),
      links: data.edges.map(function (e) { return {source: e.source, target: e.target, evidence: e.evidence, value: e.value,
        label: {show: true, formatter: e.evidence.replace("相同", "")}}; })}]
  });
  chart.on("click", function (p) { if (p.dataType === "node" && p.data.url) { window.location = p.data.url; } });
})();

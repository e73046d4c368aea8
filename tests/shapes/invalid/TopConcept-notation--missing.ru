# shape: wkgsh:TopConcept-notation
# focus: id:activity-cooperation
# path: skos:notation
# component: sh:MinCountConstraintComponent
# severity: Warning
# why: a top concept without a notation
DELETE { GRAPH ?g { id:activity-cooperation ?p ?o } }
WHERE {
  VALUES ?p { skos:notation }
  GRAPH ?g { id:activity-cooperation ?p ?o }
} ;

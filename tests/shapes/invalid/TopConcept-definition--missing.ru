# shape: wkgsh:TopConcept-definition
# focus: id:package-rp
# path: skos:definition
# component: sh:MinCountConstraintComponent
# severity: Warning
# why: a top concept without a definition
DELETE { GRAPH ?g { id:package-rp ?p ?o } }
WHERE {
  VALUES ?p { skos:definition }
  GRAPH ?g { id:package-rp ?p ?o }
} ;

# shape: wkgsh:IntergovernmentalOrganization-homepage
# focus: id:wco
# path: foaf:homepage
# component: sh:MinCountConstraintComponent
# severity: Warning
# why: the WCO without its homepage
DELETE { GRAPH ?g { id:wco ?p ?o } }
WHERE {
  VALUES ?p { foaf:homepage }
  GRAPH ?g { id:wco ?p ?o }
} ;

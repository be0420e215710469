# Batch 2: 40 messages, written after tuning, never tuned on.  Executed by _build.py.

m.mail(1, ("bdp", "reference_network", "human"), ("Anne-Sophie Guégan", "as.guegan@cotesdarmor.fr"),
       "RE: Journées de la coopération – inscriptions",
       D("""\
       Bonjour,

       Je ne pourrai malheureusement pas venir aux Journées, mais j'en profite pour une autre
       question : nos bibliothécaires voudraient savoir si les petites bibliothèques du réseau
       costarmoricain peuvent orienter leurs lecteurs vers votre service de questions-réponses,
       et s'il existe un bandeau ou une affiche à mettre en rayon.

       Bonne journée,
       Anne-Sophie Guégan
       Bibliothèque des Côtes d'Armor
       """) + quote_outlook("Service coopération <cooperation@example.org>", "lundi 4 janvier 2027 09:00",
                              "Liste des partenaires", "Journées de la coopération – inscriptions", """\
       Bonjour,

       Les inscriptions aux Journées de la coopération (colloque, tables rondes, salon des
       partenaires) sont ouvertes jusqu'au 1er février.

       Le service de la coopération"""), client="outlook", html=True, reply=True)

m.mail(2, ("bdp", "training", "human"), ("Bruno Vidal", "bruno.vidal@ariege.fr"),
       "Besoin d'une intervention sur l'accueil des publics en situation de handicap",
       D("""\
       Bonjour,

       Dans le cadre de notre plan de formation 2027, la Bibliothèque départementale de l'Ariège
       cherche un intervenant pour une journée sur l'accueil des publics en situation de handicap
       (bibliothécaires salariés et bénévoles, une quinzaine de personnes, à Foix).

       Est-ce une thématique que vous couvrez ? Sinon, pouvez-vous nous orienter vers un organisme
       de formation ?

       Bruno Vidal
       BDA – Bibliothèque départementale de l'Ariège
       """), client="zimbra")

m.mail(3, ("bdp", "digital_resources", "human"), ("Coralie Mercier", "coralie.mercier@loiret.fr"),
       "Audit de notre offre en ligne",
       D("""\
       Bonjour,

       Notre portail propose depuis 2019 des films, de la presse, des cours de langues et des
       livres numériques. Les usages plafonnent et les tarifs augmentent à chaque renouvellement.

       Avez-vous des chiffres comparatifs sur la fréquentation de ces ressources dans d'autres
       départements et des conseils pour mieux négocier avec les fournisseurs ?

       Merci !
       Coralie Mercier – Médiathèque départementale du Loiret
       """), client="thunderbird", cte="8bit")

m.mail(4, ("bdp", "event", "human"), ("Médiathèque départementale des Vosges", "mdv88@gmail.com"),
       "Salon du livre jeunesse de Saint-Dié – table ronde",
       D("""\
       Bonjour,

       Comme chaque année, nous tenons un stand au salon du livre jeunesse et organisons une table
       ronde professionnelle le samedi matin. Le thème retenu : « Lire dans les territoires
       ruraux ». Souhaiteriez-vous y participer comme intervenant ?

       Cordialement,
       L'équipe de la Médiathèque départementale des Vosges
       (adresse provisoire, notre messagerie étant en cours de migration)
       """), client="gmail", html=True)

m.mail(5, ("bdp", "information", "human"), ("Lucas Ferrand", "lucas.ferrand@deux-sevres.fr"),
       "Nouvelles coordonnées",
       D("""\
       Bonjour,

       La Médiathèque départementale des Deux-Sèvres déménage le 1er mars. Nos nouvelles
       coordonnées : 12 rue de la Gare, 79000 Niort. Les numéros de téléphone ne changent pas.

       Lucas Ferrand
       """), client="outlook", html=True)

m.mail(6, ("bdp", "partnership", "human"), ("Chantal Rigaud", "chantal.rigaud@somme.fr"),
       "Prêt de vos malles thématiques dans le cadre d'une convention",
       D("""\
       Bonjour,

       La Bibliothèque départementale de la Somme souhaiterait emprunter régulièrement vos malles
       thématiques et vos expositions pour les faire circuler dans son réseau. Nous sommes prêts à
       signer une convention précisant les conditions de prêt, de transport et d'assurance, et à
       co-organiser une action autour de chaque exposition.

       Qui pourrait instruire cette demande ?

       Chantal Rigaud
       Bibliothèque départementale de la Somme – Département de la Somme
       """), client="outlook", html=True)

m.mail(7, ("bmvr", "digital_resources", "human"), ("Sébastien Morel", "s.morel@mairie-poitiers.fr"),
       "PNB : retour sur nos statistiques et question de licences",
       D("""\
       Bonjour,

       Les médiathèques de Poitiers proposent le prêt numérique via PNB depuis 2021. Nous
       observons que de nombreuses licences expirent sans avoir été empruntées. Avez-vous des
       préconisations sur le choix des modèles de licence (durée, nombre de prêts simultanés) ?

       Sébastien Morel
       Responsable des collections numériques – Médiathèque François-Mitterrand, Poitiers
       """), client="outlook", html=True)

m.mail(8, ("bmvr", "international", "human"), ("Nathalie Poggi", "nathalie.poggi@nice.fr"),
       "Jumelage Nice – Edimbourg : volet bibliothèques",
       D("""\
       Bonjour,

       Dans le cadre du jumelage entre Nice et Édimbourg, la Bibliothèque Louis Nucéra prépare un
       échange avec les Edinburgh City Libraries : séjour de deux bibliothécaires écossais à Nice
       en juin, réciproque à l'automne.

       Avez-vous déjà accompagné ce type d'échange et connaissez-vous des financements européens
       mobilisables ?

       Nathalie Poggi
       BMVR Nice
       """), client="outlook_eu", html=True)

m.mail(9, ("bmvr", "expertise", "human"), ("Direction des bibliothèques", "bibliotheques@larochesuryon.fr"),
       "Réinformatisation : retours d'expérience sur les SIGB libres",
       D("""\
       Bonjour,

       Le réseau des médiathèques de La Roche-sur-Yon doit changer de SIGB en 2028. Nous
       hésitons entre une solution libre et une solution propriétaire.

       Auriez-vous connaissance de bibliothèques de taille comparable ayant migré récemment, et
       seriez-vous disponibles pour un échange sur la méthodologie (cahier des charges, reprise
       des données) ?

       La direction des bibliothèques – Ville de La Roche-sur-Yon
       """), client="outlook", html=True)

m.mail(10, ("bmvr", "training", "human"), ("Amandine Robert", "amandine.robert@bm-rennes.fr"),
       "Accueil de deux apprenties",
       D("""\
       Bonjour,

       Nous accueillons cette année deux apprenties en BUT métiers du livre. Leur formation
       prévoit une semaine d'immersion dans une structure nationale. Pourriez-vous les recevoir en
       mars ?

       Amandine Robert
       Les Champs Libres – Bibliothèque
       """), client="thunderbird", cte="8bit")

m.mail(11, ("srl", "event", "human"), ("Pauline Henry", "pauline.henry@normandielivre.fr"),
       "Save the date – Assises régionales de la lecture publique",
       D("""\
       Bonjour à toutes et à tous,

       Normandie Livre & Lecture organise les Assises régionales de la lecture publique le 30
       septembre à Caen. Nous vous invitons à réserver la date ; nous aimerions aussi vous
       proposer d'ouvrir la journée.

       Pauline
       """), client="apple")

m.mail(12, ("srl", "partnership", "human"), ("Julie Nguyen", "j.nguyen@auvergnerhonealpes-livre-lecture.org"),
       "Partenariat pour un programme régional « Lecture et santé »",
       D("""\
       Bonjour,

       Auvergne-Rhône-Alpes Livre et Lecture et l'ARS lancent un programme « Lecture et santé »
       associant bibliothèques et établissements de santé. Nous souhaiterions que votre service en
       soit partenaire : apport d'outils, relais national, participation au comité de suivi.

       Pouvons-nous en discuter ?

       Julie Nguyen
       """), client="outlook", html=True)

m.mail(13, ("srl", "training", "human"), ("Mobilis", "contact@mobilis-paysdelaloire.fr"),
       "Cycle de formation « Éducation aux médias »",
       D("""\
       Bonjour,

       Mobilis construit un cycle de formation à l'éducation aux médias et à l'information pour les
       bibliothécaires des Pays de la Loire (quatre modules, dont deux à distance). Accepteriez-vous
       d'animer le module consacré à la vérification de l'information ?

       L'équipe de Mobilis
       """), client="roundcube", cte="8bit")

m.mail(14, ("srl", "information", "bulk"), ("Interbibly", "lettre@interbibly.fr"),
       "Interbibly – Les brèves de décembre",
       D("""\
       LES BRÈVES D'INTERBIBLY – DÉCEMBRE

       Arrivées et départs : Camille Thiébaut rejoint l'équipe comme chargée de mission
       patrimoine ; Marc Hubert quitte l'association après douze ans.

       Publication : l'annuaire 2027 des bibliothèques et des lieux de lecture de la région est
       en ligne, ainsi que les chiffres clés de l'économie du livre.

       Vous recevez cette lettre parce que vous êtes inscrit à nos listes. Se désinscrire.
       """), client="thunderbird", html=True, return_path="lettre-bounces@interbibly.fr",
       headers=[("List-Id", "<breves.interbibly.fr>"), ("List-Unsubscribe", "<mailto:lettre-unsubscribe@interbibly.fr>"),
                ("Precedence", "bulk")])

m.mail(15, ("srl", "expertise", "human"), ("Sarah Benhamou", "sarah.benhamou@livre-paca.org"),
       "Accompagnement des petites communes – demande d'avis",
       D("""\
       Bonjour,

       Plusieurs petites communes des Hautes-Alpes nous sollicitent pour créer un point lecture.
       Avant de leur répondre, nous aimerions connaître votre avis sur les surfaces minimales, les
       horaires d'ouverture et le budget de fonctionnement à recommander. Existe-t-il un guide
       récent ?

       Sarah Benhamou
       Agence régionale du Livre Provence-Alpes-Côte d'Azur
       """), client="outlook", html=True)

m.mail(16, ("association", "event", "human"), ("ABF groupe Hauts-de-France", "abf.hdf@gmail.com"),
       "Journée d'étude ABF HdF – vous inviter à la table ronde",
       D("""\
       Bonjour,

       Le groupe Hauts-de-France de l'ABF organise le 18 mars à Arras une journée d'étude sur
       l'inclusion numérique. Nous aimerions vous inviter à intervenir à la table ronde de
       l'après-midi (45 min).

       Amitiés bibliothéconomiques,
       Le bureau du groupe régional ABF Hauts-de-France
       """), client="gmail", html=True)

m.mail(17, ("association", "digital_resources", "bulk"), ("ACIM", "lettre@acim.asso.fr"),
       "La lettre de l'ACIM – spécial plateformes de musique",
       D("""\
       LA LETTRE DE L'ACIM – N°64

       DOSSIER : LES PLATEFORMES DE MUSIQUE EN BIBLIOTHÈQUE
       Comparatif des offres de streaming proposées aux médiathèques, modèles de licences et
       retours d'usage de dix bibliothèques.

       EN BREF
       Les rencontres nationales de l'ACIM auront lieu en juin à Lille.

       Se désabonner | Voir la version en ligne
       """), client="thunderbird", html=True, return_path="bounce@acim.asso.fr",
       headers=[("List-Unsubscribe", "<https://acim.asso.fr/lettre/desabonnement>"), ("Precedence", "bulk")])

m.mail(18, ("association", "partnership", "human"), ("Lire et faire lire", "partenariats@lireetfairelire.org"),
       "Renouvellement de notre accord de partenariat",
       D("""\
       Bonjour,

       Notre accord de partenariat arrive à échéance en juin. Nous proposons de le renouveler pour
       trois ans en y ajoutant un volet sur les bénévoles lecteurs dans les bibliothèques rurales.
       Vous trouverez notre proposition en pièce jointe.

       Bien cordialement,
       Denis Morel
       Lire et faire lire
       """), client="orange")

m.mail(19, ("association", "information", "human"), ("ADBS", "info@adbs.fr"),
       "Enquête sur les métiers de l'information – merci de diffuser",
       D("""\
       Bonjour,

       L'ADBS, association des professionnels de l'information et de la documentation, lance son
       enquête annuelle sur les salaires et les métiers. Pourriez-vous relayer le lien auprès de
       votre réseau ?

       Merci d'avance,
       L'équipe de l'ADBS
       """), client="roundcube", cte="8bit")

m.mail(20, ("library", "reference_network", "human"), ("Hélène Cariou", "helene.cariou@lorient.bzh"),
       "TR: question d'un lecteur sur les phares bretons",
       D("""\
       Bonjour,

       Je vous transfère la question d'un lecteur à laquelle nous n'arrivons pas à répondre. Est-ce
       qu'elle peut être traitée par votre réseau de réponses à distance ?

       Hélène Cariou
       Médiathèque François Mitterrand – Lorient
       """) + quote_outlook("Yves Le Floch <yves.lefloch@orange.fr>", "jeudi 14 janvier 2027 18:21",
                              "mediatheque@lorient.bzh", "question", """\
       Bonjour, je cherche la liste des gardiens du phare d'Ar-Men entre 1880 et 1950, et des
       livres sur leur vie. Merci."""), client="outlook", html=True)

m.mail(21, ("library", "expertise", "human"), ("Marie-Claire Blanchard", "mc.blanchard@besancon.fr"),
       "Horaires élargis : demande de retours d'expérience",
       D("""\
       Bonjour,

       Les bibliothèques municipales de Besançon étudient l'ouverture le dimanche et en soirée de
       deux équipements. Pourriez-vous nous indiquer des villes ayant mené ce projet et, si
       possible, nous faire bénéficier de vos conseils sur l'organisation du travail des équipes ?

       Marie-Claire Blanchard
       Directrice adjointe – Bibliothèques municipales de Besançon
       """), client="outlook", html=True)

m.mail(22, ("library", "event", "human"), ("Médiathèque de Saint-Brieuc", "mediatheques@saint-brieuc.fr"),
       "Invitation : 40 ans de la médiathèque André-Malraux",
       D("""\
       Madame, Monsieur,

       La médiathèque André-Malraux fête ses quarante ans ! Nous avons le plaisir de vous convier
       à la soirée anniversaire le vendredi 12 février à 18h30 : conférence de l'historien
       Jean Guéno, lectures et cocktail.

       Réponse souhaitée avant le 5 février.

       Les médiathèques de Saint-Brieuc
       """), client="outlook", html=True)

m.mail(23, ("library", "training", "human"), ("Karine Dubois", "k.dubois@agglo-larochelle.fr"),
       "Tutoriels pour nos bénévoles",
       D("""\
       Bonjour,

       Existe-t-il des tutoriels vidéo ou des modules en ligne pour former les bénévoles des
       bibliothèques de notre réseau aux bases : accueil, rangement, équipement des livres ?

       Merci,
       Karine Dubois
       Réseau des médiathèques de l'agglomération de La Rochelle
       """), client="outlook_eu", html=True)

m.mail(24, ("library", "digital_resources", "human"), ("Paul Girard", "paul.girard@chambery.fr"),
       "Jeux vidéo en médiathèque : droits de prêt et de diffusion",
       D("""\
       Bonjour,

       Nous souhaitons proposer des jeux vidéo en prêt et sur place. Quels droits faut-il acquérir
       auprès des éditeurs, existe-t-il des licences spécifiques pour les bibliothèques et des
       plateformes de jeux en ligne accessibles à distance ?

       Paul Girard
       Médiathèque Jean-Jacques Rousseau – Chambéry
       """), client="zimbra")

m.mail(25, ("library", "partnership", "human"), ("Nicolas Aubert", "nicolas.aubert@angers.fr"),
       "Projet commun autour des fonds de musique",
       D("""\
       Bonjour,

       Les bibliothèques d'Angers vous proposent de construire ensemble un projet autour des fonds
       musicaux : valorisation croisée, playlists communes, concerts. Nous souhaiterions signer une
       convention pour 2027-2028.

       Nicolas Aubert
       Bibliothèques municipales d'Angers
       """), client="thunderbird", cte="8bit")

m.mail(26, ("institution", "reference_network", "human"), ("Claire Lemoine", "claire.lemoine@bnf.fr"),
       "Réorientation de questions vers votre réseau",
       D("""\
       Bonjour,

       Le service SINDBAD de la BnF reçoit régulièrement des questions de lecture publique
       (recommandations de lecture, vie pratique) qui relèveraient plutôt de votre réseau. Pouvons-
       nous convenir d'une procédure de réorientation ?

       Claire Lemoine
       Service de réponse à distance – BnF
       """), client="outlook", html=True)

m.mail(27, ("institution", "event", "human"), ("Enssib", "communication@enssib.fr"),
       "Invitation – Journée « Bibliothèques et IA » à l'Enssib",
       D("""\
       Bonjour,

       L'Enssib organise le 6 avril une journée professionnelle « Bibliothèques et intelligence
       artificielle ». Nous serions heureux qu'un représentant de votre service participe à la
       table ronde sur les usages en lecture publique.

       Le service communication de l'Enssib
       """), client="outlook", html=True)

m.mail(28, ("institution", "expertise", "human"), ("Hugo Barbier", "hugo.barbier@culture.gouv.fr"),
       "TR: Projet de médiathèque à Ussel – demande d'avis",
       D("""\
       Bonjour,

       Je vous transmets le programme du projet de médiathèque d'Ussel. Pourriez-vous nous faire
       part de votre avis avant le comité de pilotage du 20 janvier ? Les surfaces dédiées au
       travail interne me paraissent sous-dimensionnées.

       Hugo Barbier
       Conseiller livre et lecture – DRAC Nouvelle-Aquitaine
       """), client="outlook", html=True)

m.mail(29, ("institution", "information", "human"), ("Bibliothèque de l'Université Rennes 2", "scd@univ-rennes2.fr"),
       "Fermeture exceptionnelle et changement d'interlocuteur",
       D("""\
       Bonjour,

       Le SCD de l'Université Rennes 2 sera fermé du 20 décembre au 4 janvier. Par ailleurs,
       Mme Le Gall remplace M. Hamon comme correspondante pour la coopération à compter du 1er
       janvier.

       Service commun de la documentation – Université Rennes 2
       """), client="zimbra")

m.mail(30, ("institution", "digital_resources", "human"), ("BULAC", "numerique@bulac.fr"),
       "Ressources en langues orientales pour les bibliothèques publiques",
       D("""\
       Bonjour,

       La BULAC (Bibliothèque universitaire des langues et civilisations) étudie l'ouverture de
       certaines de ses bases de données et de ses collections numérisées aux bibliothèques de
       lecture publique. Y aurait-il un intérêt de votre côté et sous quelle forme (licence,
       authentification) ?

       Le département du numérique – BULAC
       """), client="thunderbird", cte="8bit")

m.mail(31, ("international", "international", "human"), ("Sophie Berset", "sophie.berset@bcu.unil.ch"),
       "Voyage d'étude de bibliothécaires vaudois",
       D("""\
       Bonjour,

       La Bibliothèque cantonale et universitaire de Lausanne organise en mai un voyage d'étude à
       Paris pour quinze bibliothécaires du canton de Vaud. Pourriez-vous nous recevoir et
       présenter l'organisation de la coopération en France ?

       Meilleures salutations,
       Sophie Berset
       BCU Lausanne
       """), client="outlook_eu", html=True)

m.mail(32, ("international", "event", "human"), ("Mark Thompson", "mthompson@chipublib.org"),
       "Panel invitation – ALA Annual Conference",
       D("""\
       Dear colleagues,

       I'm organizing a panel on national library cooperation for the ALA Annual Conference in
       June and would love to include a speaker from France. Travel support is available.

       Best,
       Mark Thompson
       Chicago Public Library
       """), client="gmail", html=True, lang="en")

m.mail(33, ("international", "digital_resources", "human"), ("Anne Schmit", "anne.schmit@bnl.etat.lu"),
       "Consortium luxembourgeois et offres de presse en ligne",
       D("""\
       Bonjour,

       La Bibliothèque nationale du Luxembourg coordonne le consortium national des bibliothèques
       publiques. Nous aimerions comparer nos conditions d'abonnement à la presse en ligne et aux
       livres numériques avec les vôtres. Un échange en visio serait-il possible ?

       Anne Schmit
       Bibliothèque nationale du Luxembourg
       """), client="outlook_eu", html=True)

m.mail(34, ("international", "training", "human"), ("Aminata Traoré", "aminata.traore@bibliotheque-nationale.ml"),
       "Formation des bibliothécaires maliens",
       D("""\
       Monsieur, Madame,

       La Bibliothèque nationale du Mali sollicite votre appui pour la formation de ses agents :
       stages de perfectionnement en France ou sessions à distance sur le catalogage et l'animation.

       Veuillez agréer nos salutations distinguées.
       Aminata Traoré
       """), client="outlook", html=True)

m.mail(35, ("unknown", "reference_network", "human"), ("Jacqueline Morvan", "jacqueline.morvan@wanadoo.fr"),
       "recherche d'un livre",
       D("""\
       bonjour
       je recherche un livre pour enfants des années 70 avec un ours qui part en voyage en
       montgolfière, couverture jaune. je ne me souviens plus du titre. pouvez vous m'aider ?
       merci
       """), client="orange")

m.mail(36, ("unknown", "expertise", "human"), ("Benoît Leclerc", "b.leclerc@rfid-biblio-solutions.com"),
       "Automates de prêt : retours d'expérience et conseils",
       D("""\
       Bonjour,

       Société spécialisée dans les automates de prêt RFID, nous préparons un livre blanc sur les
       bonnes pratiques d'équipement des bibliothèques. Accepteriez-vous de nous donner votre avis
       d'expert lors d'un entretien de 30 minutes ?

       Benoît Leclerc
       Directeur commercial
       """), client="outlook", html=True)

m.mail(37, ("unknown", "information", "human"), ("Chloé Martin", "chloe.martin@etu.univ-lyon2.fr"),
       "Demande d'informations pour mon mémoire",
       D("""\
       Bonjour,

       Étudiante en master 2 à Lyon 2, je prépare un mémoire sur la coopération entre
       bibliothèques. Pourriez-vous m'envoyer des documents (rapports d'activité, chiffres) ou
       m'accorder un court entretien ?

       Merci beaucoup,
       Chloé Martin
       """), client="zimbra")

m.mail(38, ("unknown", "information", "auto_reply"), ("Service clients", "support@fournisseur-mobilier.example.com"),
       "Nous avons bien reçu votre message",
       D("""\
       Bonjour,

       Nous avons bien reçu votre message et vous répondrons sous 48 heures ouvrées.

       Le service clients
       """), client="thunderbird", headers=[("Auto-Submitted", "auto-generated")], return_path="")

m.mail(39, ("institution", "information", "auto_reply"), ("Jean-Marc Pelletier", "jean-marc.pelletier@culture.gouv.fr"),
       "Out of Office: Convention 2027",
       D("""\
       Je suis absent jusqu'au 15 février. I am out of the office until 15 February.

       Jean-Marc Pelletier
       """), client="outlook", html=True, headers=[("X-Auto-Response-Suppress", "All")])

m.raw(40, ("bdp", "information", "bounce"), """\
Return-Path: <>
Received: from mx.ardeche.fr (mx.ardeche.fr [203.0.113.7])
	by mx.example.org (Postfix) with ESMTPS id 8B1C22F4D0
	for <cooperation@example.org>; Tue, 09 Feb 2027 10:05:22 +0100
From: Mail Delivery System <Mailer-Daemon@mx.ardeche.fr>
To: cooperation@example.org
Subject: Mail delivery failed: returning message to sender
Message-Id: <E1pQ7zA-0003Xy-Kd@mx.ardeche.fr>
Date: Tue, 09 Feb 2027 10:05:21 +0100
Auto-Submitted: auto-replied

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  c.roux@ardeche.fr
    host mbx.ardeche.fr [203.0.113.8]
    SMTP error from remote mail server after RCPT TO:<c.roux@ardeche.fr>:
    550 5.1.1 <c.roux@ardeche.fr>: Recipient address rejected: User unknown

------ This is a copy of the message, including all the headers. ------

From: Service de la coopération <cooperation@example.org>
To: c.roux@ardeche.fr
Subject: Formations du premier semestre
Date: Tue, 09 Feb 2027 10:05:18 +0100

Bonjour,
Voici le programme des formations du premier semestre.
""", lang="en")
